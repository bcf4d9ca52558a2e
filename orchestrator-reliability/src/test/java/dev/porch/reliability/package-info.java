/**
 * The reliability suite: porch under faults (killed mid-run, misbehaving agents, failing disks,
 * two porch processes), hostile input (tampered status files, bad names, escape sequences) and
 * load. Results are summarised in docs/reliability.md.
 */
package dev.porch.reliability;
