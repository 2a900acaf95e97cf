/**
 * The client agent: one resident JVM per user and {@code borg} build that runs client commands
 * for the {@code ./borg} launcher, so a command answers in milliseconds instead of paying a JVM
 * start, class loading and a cold TLS handshake each time (as Bazel's server and Gradle's
 * daemon do for theirs). The launcher speaks its protocol from bash ({@link AgentRequest} in,
 * {@link FrameOutput} frames out) over loopback TCP, authenticated by a secret in a file only
 * the user can read ({@link AgentEndpoint}).
 */
package borgcell.cli.agent;
