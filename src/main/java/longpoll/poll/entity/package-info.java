/** The shapes of a poll's answer, and the event of one. */
package longpoll.poll.entity;
