/** Sending: reading and checking a send's body, then queuing the message. */
package longpoll.send.control;
