/** The shapes of a send request and its answer. */
package longpoll.send.entity;
