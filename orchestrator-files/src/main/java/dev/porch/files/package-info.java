/**
 * The one owner of how porch writes files inside a repository: {@link dev.porch.files.StateFiles}
 * makes and checks every folder from the repository root down (never through a symbolic link,
 * junction or mount point), refuses to open anything but a plain file, and replaces files atomically
 * (temp file in the same folder, fsync, rename). The status store, the git adapter, the agent
 * adapter and the CLI all write through it; where the files go is {@code dev.porch.core.StateLayout}'s
 * business, not this module's. JDK only.
 *
 * <p><b>Entry point.</b> {@link dev.porch.files.StateFiles} (static methods); the two exceptions it
 * throws carry the path they refused.
 */
package dev.porch.files;
