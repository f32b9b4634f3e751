package longpoll.support;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;

/**
 * Payara Micro's Arquillian container, kept running from one test class to the next while they
 * deploy the same WAR: Payara Micro takes its application on the command line, so the adapter
 * starts a server per class, and that start was most of the suite's time. A class that deploys a
 * different WAR (other settings) gets a server of its own, as before; the last one stops with the
 * test run. Test classes leave the server as they found it (no held poll, see {@link DeployedWar}).
 * {@link OnePayaraMicroExtension} puts it in the adapter's place.
 */
public class OnePayaraMicro extends PayaraMicroDeployableContainer {

    private String runningContent;
    private Archive<?> running;
    private ProtocolMetaData served;

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String content = contentOf(archive);
        if (content.equals(runningContent)) {
            return served;
        }
        stopRunning();
        served = super.deploy(archive);
        running = archive;
        runningContent = content;
        return served;
    }

    /** Kept running for the next class; {@link #stop()} ends it. */
    @Override
    public void undeploy(Archive<?> archive) {}

    @Override
    public void stop() throws LifecycleException {
        try {
            stopRunning();
        } catch (DeploymentException e) {
            throw new LifecycleException("Payara Micro did not stop", e);
        }
        super.stop();
    }

    private void stopRunning() throws DeploymentException {
        if (running != null) {
            super.undeploy(running);
            running = null;
            runningContent = null;
        }
    }

    /** A digest of every file in the archive, so that two WARs built the same way match. */
    private static String contentOf(Archive<?> archive) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            Map<ArchivePath, Node> files = new TreeMap<>(archive.getContent());
            for (var file : files.entrySet()) {
                digest.update(file.getKey().get().getBytes());
                if (file.getValue().getAsset() != null) {
                    try (InputStream bytes = file.getValue().getAsset().openStream()) {
                        digest.update(bytes.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
