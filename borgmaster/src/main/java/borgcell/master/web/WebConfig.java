package borgcell.master.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class WebConfig implements WebMvcConfigurer {
    private final AdminWriteLog adminWriteLog;

    WebConfig(AdminWriteLog adminWriteLog) {
        this.adminWriteLog = adminWriteLog;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(adminWriteLog).addPathPatterns("/api/**");
    }
}
