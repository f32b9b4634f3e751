/**
 * What every component's settings share. Each setting's default is declared once, in
 * {@code META-INF/microprofile-config.properties}; each component reads its keys in one settings
 * bean ({@code PollSettings}, {@code QueueSettings}, {@code SendSettings}, {@code AccessSettings},
 * {@code WebSettings}, {@code HealthSettings}). Each of those beans is created as the application
 * starts, on the deployment's thread, by observing {@code @Initialized(ApplicationScoped.class)}:
 * on WildFly, a bean first created on another thread (a poll task's) does not see the WAR's
 * configuration file, and every key it reads would be missing.
 */
package longpoll.settings;
