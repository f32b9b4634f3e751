package longpoll.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that ships, as Maven built it, deployed at the context root like in production. */
public final class Deployments {

    /** Where the WAR holds every setting's default. */
    private static final String SETTINGS = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private Deployments() {}

    public static WebArchive longpoll() {
        TestRedis.client(); // the server under test finds its Redis up from the first request
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("longpoll.war")))
                .as(WebArchive.class);
    }

    /**
     * The same WAR with some settings of its own, in its {@code META-INF/microprofile-config.properties}
     * (the server's environment, which sets only the Redis URL and Retry-After, still wins). They
     * replace those defaults of the file and keep the others, which the service has nowhere else.
     */
    public static WebArchive longpoll(Map<String, String> settings) {
        var war = longpoll();
        var merged = new Properties();
        try (InputStream defaults = war.get(SETTINGS).getAsset().openStream()) {
            merged.load(defaults);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        merged.putAll(settings);
        var properties = new StringWriter();
        try {
            merged.store(properties, "The WAR's defaults with a test's settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete(SETTINGS);
        return war.add(new StringAsset(properties.toString()), SETTINGS);
    }
}
