/** The Kubernetes adapter's internals: Job specs, pod readings, the attempt handle. Not API. */
package dev.porch.kubernetes.internal;
