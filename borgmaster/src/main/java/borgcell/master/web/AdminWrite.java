package borgcell.master.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that changes the cell on an operator's behalf (drain a machine, move the
 * leader, take a snapshot). Nothing restricts them yet; an authorization layer will key on
 * this mark, and {@link AdminWriteLog} already records every such call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AdminWrite {
}
