package longpoll.nodes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import longpoll.support.ServerProcess;
import longpoll.support.WildFlyProcess;

/**
 * WildFly configured by wildfly-config: it opens its port once its deployments are done. On
 * SIGTERM it suspends at once, before the WAR hears of it, and refuses new requests itself until
 * its port closes, with the API's 503 ({@code web.boundary.SuspendedWildFly}); the polls it holds
 * get the WAR's own. Once it has undeployed the WAR, in the moment before its port closes, its host
 * answers a bare {@code 503} of its own, which no part of the WAR sees (its default response code,
 * which wildfly-config sets, or a 404 would come): still a 503, which a proxy retries on another
 * node.
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

    @Override
    boolean isAnswerWithoutTheWar(Answer answer) {
        return answer.status() == 503;
    }
}
