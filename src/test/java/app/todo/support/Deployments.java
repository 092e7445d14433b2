package app.todo.support;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import app.todo.identity.JwtEchoResource;
import app.todo.platform.FailingResource;

/** The WAR that Maven built, exactly as operators deploy it. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive todoApi() {
        String war = System.getProperty("todo.war", "target/todo-api.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(war));
    }

    /**
     * The one deployment of every Arquillian test class: {@link #todoApi()} at the root context (ROOT.war: where
     * operators deploy it, {@code --contextroot /}, and where WildFly's jboss-web.xml puts it), plus the two
     * test-only resources under {@code /api/test/}, a path no route of the API uses: {@link JwtEchoResource}
     * (AuthenticationIT) and {@link FailingResource} (StatusLinesIT). One archive for all, so on Payara Micro one
     * server serves every class ({@link SharedPayaraMicro}); WildFly deploys it per class as before.
     */
    public static WebArchive suite() {
        return ShrinkWrap.create(WebArchive.class, "ROOT.war").merge(todoApi())
                .addClasses(JwtEchoResource.class, FailingResource.class);
    }
}
