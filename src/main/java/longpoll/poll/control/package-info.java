/** Holding polls: who waits, the blocking pop on the poll executor, and the race that ends each poll once. */
package longpoll.poll.control;
