package borgcell.master.api;

import borgcell.api.v1.AccessToken;
import borgcell.api.v1.IssueTokenRequest;
import borgcell.api.v1.IssuedToken;
import borgcell.api.v1.ListTokensRequest;
import borgcell.api.v1.ListTokensResponse;
import borgcell.api.v1.RevokeTokenRequest;
import borgcell.api.v1.TokenServiceGrpc;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.Query;
import borgcell.cell.Commands;
import borgcell.master.access.Access;
import borgcell.master.raft.RaftReplica;
import borgcell.trust.Action;
import borgcell.trust.BearerToken;
import borgcell.trust.Callers;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Issues, lists and revokes the cell's bearer tokens (admins only). The secret is made here,
 * at the edge, from the replica's {@link SecureRandom} (the cell takes no randomness), and only
 * its hash goes into the Raft log: the answer to the issuer is the one place the bearer is.
 */
public final class TokenServiceImpl extends TokenServiceGrpc.TokenServiceImplBase {
    /** Roles a token may carry: people's and programs', never a machine's or a replica's. */
    private static final Set<Role> ROLES = EnumSet.of(Role.VIEWER, Role.USER, Role.ADMIN);
    /** Ten years: a longer life is a typo, and "until revoked" is 0. */
    private static final long MAX_TTL_SECONDS = 10L * 366 * 24 * 3600;

    private final RaftReplica replica;
    private final Commands commands;
    private final Access access;
    private final SecureRandom random = new SecureRandom();

    public TokenServiceImpl(RaftReplica replica, Commands commands, Access access) {
        this.replica = replica;
        this.commands = commands;
        this.access = access;
    }

    @Override
    public void issueToken(IssueTokenRequest request, StreamObserver<IssuedToken> out) {
        Role role = Role.ofLabel(request.getRole()).filter(ROLES::contains).orElse(null);
        if (role == null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("role: must be one of viewer, user, admin (got \""
                    + clip(request.getRole()) + "\")").asRuntimeException());
            return;
        }
        if (request.getTtlSeconds() < 0 || request.getTtlSeconds() > MAX_TTL_SECONDS) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("ttl_seconds: must be 0 (until revoked) to "
                    + MAX_TTL_SECONDS + " (got " + request.getTtlSeconds() + ")").asRuntimeException());
            return;
        }
        Identity who;
        try {
            who = new Identity(role, request.getName());
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (!Permits.permitted(access, Action.ISSUE_TOKENS, "a token for " + who, null, out)) {
            return;
        }
        BearerToken minted = BearerToken.mint(random);
        AccessToken token = AccessToken.newBuilder().setId(minted.id()).setRole(role.label()).setName(who.name())
                .setSecretSha256(ByteString.copyFrom(minted.secretSha256()))
                .setIssuedBy(Callers.current().map(Identity::toString).orElse("")).build();
        Answers.command(replica.propose(commands.issueToken(token, Duration.ofSeconds(request.getTtlSeconds()))), out,
                r -> IssuedToken.newBuilder().setToken(r.getToken()).setBearer(minted.bearer()).build());
    }

    @Override
    public void revokeToken(RevokeTokenRequest request, StreamObserver<AccessToken> out) {
        if (request.getId().isEmpty() || request.getId().length() > 64) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("id: must be a token's id, tk and 12 hex digits")
                    .asRuntimeException());
            return;
        }
        if (!Permits.permitted(access, Action.ISSUE_TOKENS, "token " + request.getId(), null, out)) {
            return;
        }
        Answers.command(replica.propose(commands.revokeToken(request.getId())), out, CommandResult::getToken);
    }

    @Override
    public void listTokens(ListTokensRequest request, StreamObserver<ListTokensResponse> out) {
        Answers.query(replica.query(Query.newBuilder().setListTokens(true).build()), out,
                r -> ListTokensResponse.newBuilder().addAllTokens(r.getTokens().getTokensList()).build());
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
