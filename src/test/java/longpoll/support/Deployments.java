package longpoll.support;

import java.io.File;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.asset.StringAsset;
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

    /**
     * The same WAR with some settings of its own, in its {@code META-INF/microprofile-config.properties}
     * (the server's environment, which sets only the Redis URL and Retry-After, still wins).
     */
    public static WebArchive longpoll(Map<String, String> settings) {
        String properties = settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue() + "\n")
                .collect(Collectors.joining());
        return longpoll().addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
    }
}
