package longpoll.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that ships, as Maven built it, deployed at the context root like in production. */
public final class Deployments {

    private Deployments() {}

    public static WebArchive longpoll() {
        TestRedis.client(); // the server under test finds its Redis up from the first request
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("longpoll.war")))
                .as(WebArchive.class);
    }
}
