package app.todo.support;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that Maven built, exactly as operators deploy it. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive todoApi() {
        String war = System.getProperty("todo.war", "target/todo-api.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(war));
    }
}
