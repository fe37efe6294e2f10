/**
 * The GIL watchdog: warns, with stacks, when one thread holds the GIL too long or the asyncio loop stalls.
 */
package dev.pyembed.spring.watchdog;
