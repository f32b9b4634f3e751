/** The numbers {@code GET /stats} reports. */
package longpoll.stats.entity;
