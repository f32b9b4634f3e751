/** What lives in Redis: client ids (and their keys) and the queued message entries. */
package longpoll.queue.entity;
