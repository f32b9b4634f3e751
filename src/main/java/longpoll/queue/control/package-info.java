/** Redis access: the connection pools, the per-client message lists, which poll may take them and how its node is woken, and dead letters. */
package longpoll.queue.control;
