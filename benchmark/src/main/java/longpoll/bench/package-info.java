/**
 * The benchmark: a load generator that holds polls open and sends numbered, time-stamped
 * messages to them ({@link longpoll.bench.Load}), the presets it runs
 * ({@link longpoll.bench.Scenario}), a server measured from its start by 5-second windows
 * ({@link longpoll.bench.ColdStart}, {@link longpoll.bench.Windows}), what it reads of the
 * server's process while it does ({@code /proc}, {@code jcmd}), and the table, CSV rows and
 * picture it leaves
 * ({@link longpoll.bench.Benchmark}, {@link longpoll.bench.Chart}). It drives the WAR only over
 * HTTP, as any client would, and uses none of the WAR's classes.
 */
package longpoll.bench;
