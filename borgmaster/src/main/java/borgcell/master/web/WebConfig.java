package borgcell.master.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class WebConfig implements WebMvcConfigurer {
    private final RestAccess restAccess;

    WebConfig(RestAccess restAccess) {
        this.restAccess = restAccess;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(restAccess).addPathPatterns("/api/**");
    }
}
