package borgcell.master.web;

import borgcell.trust.Action;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a REST endpoint is, as the cell's permissions are written: {@link RestAccess} lets a
 * caller in only if its role may do this {@link Action}. An endpoint without it is refused to
 * everyone, so a new endpoint is closed until someone decides who may call it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    Action value();
}
