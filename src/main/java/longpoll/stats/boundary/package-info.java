/** {@code GET /stats} (JSON) and {@code GET /stats/prometheus} (Prometheus text), outside the {@code /poll} API. */
package longpoll.stats.boundary;
