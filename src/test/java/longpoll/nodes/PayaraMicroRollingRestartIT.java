package longpoll.nodes;

import java.util.Map;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.ServerProcess;

/**
 * Payara Micro started as the run command and the image start it: its port opens once the WAR is
 * deployed, and on SIGTERM the WAR answers, then closes the port, before Payara undeploys it.
 */
class PayaraMicroRollingRestartIT extends RollingRestart {

    @Override
    ServerProcess node(int port, String log) {
        return PayaraMicroProcess.ofThisBuild(
                port, Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT), TARGET.resolve(log));
    }
}
