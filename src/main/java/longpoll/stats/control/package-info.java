/** The node's counters: updated where each event happens, read as one snapshot. */
package longpoll.stats.control;
