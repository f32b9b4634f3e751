package longpoll;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The HTTP API lives under {@code /poll}, as in the reference design; everything else under the
 * context root is left to static content.
 */
@ApplicationPath("poll")
public class LongpollApplication extends Application {}
