package longpoll.nodes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import longpoll.support.ServerProcess;
import longpoll.support.WildFlyProcess;
import org.junit.jupiter.api.Test;

/**
 * WildFly configured by wildfly-config: it opens its port once its deployments are done. On
 * SIGTERM it suspends at once, before the WAR hears of it, and from then on answers new requests
 * itself: {@code 503} with an HTML page and no {@code Retry-After}, which no setting changes, until
 * its port closes about half a second later. The polls it holds get the WAR's {@code 503} with
 * {@code Retry-After}. Never a 404 or a 500 either way.
 */
class WildFlyRollingRestartIT extends RollingRestart {

    @Override
    ServerProcess node(int port, String log) {
        assumeTrue(WildFlyProcess.isThere(), "WildFly is left out (-Dwildfly.skip=true)");
        return WildFlyProcess.ofThisBuild(
                port,
                Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT),
                TARGET.resolve("wildfly-" + log));
    }

    @Test
    void aStartingNodeRefusesPollsUntilItIsReady() {
        assertAStartingNodeRefusesPollsOrAnswers503UntilItIsReady();
    }

    @Override
    boolean isStopAnswer(Answer answer) {
        return answer.status() == 503;
    }
}
