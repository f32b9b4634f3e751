/** HTTP concerns shared by every resource: error answers and cross-origin access. */
package longpoll.web.boundary;
