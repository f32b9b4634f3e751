/** What a minted poll token looks like to the backend that asked for it. */
package longpoll.access.entity;
