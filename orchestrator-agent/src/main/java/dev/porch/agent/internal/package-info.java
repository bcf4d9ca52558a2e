/** Implementation of the process adapters; not API, may change without notice. */
package dev.porch.agent.internal;
