/** The poll endpoint. */
package longpoll.poll.boundary;
