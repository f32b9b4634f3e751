/** The send endpoints. */
package longpoll.send.boundary;
