package longpoll.support;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
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
 * starts a server per class, and that start was most of the suite's time. The first WAR deployed
 * gets the shared server; a class that deploys another (other settings) gets a server of its own
 * for its run, as before, while the shared one waits. The shared one stops with the test run.
 * Test classes leave it as they found it: no held poll (see {@link DeployedWar}), no Redis
 * restarted under it while it idles. {@link OnePayaraMicroExtension} puts it in the adapter's place.
 */
public class OnePayaraMicro extends PayaraMicroDeployableContainer {

    private PayaraMicroContainerConfiguration configuration;
    private Archive<?> shared;
    private String sharedContent;
    private ProtocolMetaData served;
    /** The servers of classes that deploy another WAR, by its content. */
    private final Map<String, PayaraMicroDeployableContainer> own = new HashMap<>();

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        super.setup(configuration);
        this.configuration = configuration;
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String content = contentOf(archive);
        if (shared == null) {
            served = super.deploy(archive);
            shared = archive;
            sharedContent = content;
        }
        if (content.equals(sharedContent)) {
            return served;
        }
        var server = new PayaraMicroDeployableContainer();
        server.setup(configuration);
        own.put(content, server);
        return server.deploy(archive);
    }

    /** A class's own server stops with it; the shared one is kept for the next class. */
    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        var server = own.remove(contentOf(archive));
        if (server != null) {
            server.undeploy(archive);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        if (shared != null) {
            try {
                super.undeploy(shared);
            } catch (DeploymentException e) {
                throw new LifecycleException("Payara Micro did not stop", e);
            }
            shared = null;
        }
        super.stop();
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
