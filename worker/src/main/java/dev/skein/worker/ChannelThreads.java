package dev.skein.worker;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The network threads of one connection to Temporal, owned by whoever owns the connection and
 * stopped with it.
 *
 * <p>By default gRPC shares its event loop threads and stops them one second after the last channel
 * closes, so a process that exits at once still has them waiting in {@code epoll_wait}. A JVM
 * leaving while a thread is in native code waits for it for 300 ms: every worker and command paid
 * that at exit. With threads of its own, {@link #close()} stops them before the process leaves.
 * They are daemon threads: a connection nobody closes does not keep a process alive.
 */
public final class ChannelThreads implements AutoCloseable {

  private static final long STOP_WAIT_MS = 1000;

  private final EventLoopGroup group =
      new NioEventLoopGroup(1, new DefaultThreadFactory("skein-grpc", true));

  /** {@code options} with its channel on these threads (and its own initializer, if any, first). */
  public WorkflowServiceStubsOptions apply(WorkflowServiceStubsOptions options) {
    Consumer<ManagedChannelBuilder<?>> theirs = options.getChannelInitializer();
    return WorkflowServiceStubsOptions.newBuilder(options)
        .setChannelInitializer(
            builder -> {
              if (theirs != null) {
                theirs.accept(builder);
              }
              if (builder instanceof NettyChannelBuilder netty) {
                netty.eventLoopGroup(group).channelType(NioSocketChannel.class);
              }
            })
        .build();
  }

  /** Stops the threads; call after the channel is shut down. */
  @Override
  public void close() {
    group.shutdownGracefully(0, STOP_WAIT_MS, TimeUnit.MILLISECONDS);
    group.terminationFuture().awaitUninterruptibly(STOP_WAIT_MS);
  }
}
