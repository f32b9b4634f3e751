/** What lives in Redis: client ids (and their keys) and the queued message entries; the events of the queue. */
package longpoll.queue.entity;
