/** Redis access: the connection pools and the per-client message lists. */
package longpoll.queue.control;
