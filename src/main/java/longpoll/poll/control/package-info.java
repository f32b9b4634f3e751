/** Holding polls: who waits, the node's one wait that takes for them, and the race that ends each poll once. */
package longpoll.poll.control;
