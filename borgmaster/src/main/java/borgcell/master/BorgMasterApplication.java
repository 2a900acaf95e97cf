package borgcell.master;

import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftSettings;
import borgcell.master.raft.ReplicaConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The deployable BorgMaster replica: Spring Boot around one {@link Replica}, adding HTTP
 * (Actuator today; REST admin and the UI later). Configured by properties:
 * {@code borg.replica.id}, {@code borg.replica.peers} (id@host:raft:grpc:http,...),
 * {@code borg.replica.data-dir}, {@code borg.heartbeat-interval}, and {@code server.port}.
 */
@SpringBootApplication
@EnableConfigurationProperties(BorgMasterApplication.ReplicaProperties.class)
public class BorgMasterApplication {

  @ConfigurationProperties("borg")
  public record ReplicaProperties(Replica replica, Duration heartbeatInterval, Integer missedHeartbeats) {
    public record Replica(String id, String peers, Path dataDir) {}
  }

  public static void main(String[] args) {
    SpringApplication.run(BorgMasterApplication.class, args);
  }

  @Bean(destroyMethod = "close")
  borgcell.master.Replica replica(ReplicaProperties props) {
    if (props.replica() == null || props.replica().id() == null || props.replica().dataDir() == null) {
      throw new IllegalArgumentException("borg.replica.id, borg.replica.peers and borg.replica.data-dir are required");
    }
    ReplicaConfig config = new ReplicaConfig(props.replica().id(), PeerAddress.parseList(props.replica().peers()),
        props.replica().dataDir());
    Duration heartbeat = props.heartbeatInterval() == null ? Duration.ofSeconds(2) : props.heartbeatInterval();
    int missed = props.missedHeartbeats() == null ? 3 : props.missedHeartbeats();
    var settings = new borgcell.master.Replica.Settings(heartbeat, missed, Duration.ofMillis(200), RaftSettings.defaults());
    return new borgcell.master.Replica(config, settings, Clock.systemUTC()).start();
  }
}
