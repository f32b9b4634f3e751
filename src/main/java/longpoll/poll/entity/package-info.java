/** The shapes of a poll's answer. */
package longpoll.poll.entity;
