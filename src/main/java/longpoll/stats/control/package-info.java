/** The node's meters, in one Micrometer registry: updated where each event happens, read as one snapshot or one scrape. */
package longpoll.stats.control;
