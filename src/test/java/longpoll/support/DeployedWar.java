package longpoll.support;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests that drive the built WAR over HTTP: Arquillian deploys it on the
 * server under test (see {@link Deployments}) and each test gets an {@link Api} client of it.
 *
 * <p>These tests run twice, on Payara Micro and on WildFly (pom.xml's failsafe executions select
 * the tag, inherited by every subclass, and arquillian.xml's container): the same WAR must pass
 * them on both.
 */
@ExtendWith(ArquillianExtension.class)
@Tag(DeployedWar.EVERY_SERVER)
public abstract class DeployedWar {

    /** The tag of the tests that run on every server. */
    public static final String EVERY_SERVER = "every-server";

    @ArquillianResource
    URL deployed;

    protected Api api;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.longpoll();
    }

    @BeforeEach
    void client() {
        api = new Api(deployed);
        TestRedis.awaitNoWaitingPolls();
    }

    /** Where Arquillian deployed the WAR (tests talk to 127.0.0.1 on its port, see {@link Api}). */
    protected URL deployed() {
        return deployed;
    }
}
