package io.credyt.testing;

import java.io.EOFException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} so that, once armed, statements whose SQL contains a fragment fail
 * with an {@link InjectedFault} when they execute: the way to prove that a balance change and its
 * ledger entry commit together (invariant 7). Matching ignores case and collapses whitespace, so
 * {@code "insert into credyt_entry"} matches however the engine formats its SQL, including a
 * PostgreSQL CTE that writes several tables in one statement.
 *
 * <p>
 * Once the {@code nth} matching statement has failed, every later match fails too until
 * {@link #disarm()}: an engine that retries a failed transaction cannot slip past the fault.
 *
 * <p>
 * {@link #failCommitsAfter} makes the commit fail instead, the way it does when PostgreSQL drops
 * the connection during a commit, and {@link #beforeExecuting} runs a test's action (a barrier,
 * say) just before matching statements execute.
 */
public final class FaultInjectingDataSource {

	private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate", "executeBatch", "executeLargeBatch");

	private final DataSource target;

	private final DataSource proxy;

	private volatile String fragment;

	private volatile int failFrom;

	private final AtomicInteger matched = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private volatile String commitFragment;

	private volatile String actionFragment;

	private volatile Runnable action;

	private FaultInjectingDataSource(DataSource target) {
		this.target = target;
		this.proxy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				new Handler(target, this::connection));
	}

	/**
	 * Wraps a data source; the wrapper passes everything through until armed.
	 * @param target the real data source
	 * @return the wrapper
	 */
	public static FaultInjectingDataSource wrap(DataSource target) {
		return new FaultInjectingDataSource(target);
	}

	/**
	 * The data source to give the code under test.
	 * @return the faulty data source
	 */
	public DataSource dataSource() {
		return this.proxy;
	}

	/**
	 * The real data source, for the test's own checks.
	 * @return the wrapped data source
	 */
	public DataSource target() {
		return this.target;
	}

	/**
	 * Makes the {@code nth} statement (counting from 1, from now) whose SQL contains
	 * {@code fragment} fail, and every matching one after it.
	 * @param fragment an SQL fragment, e.g. {@code insert into credyt_entry}
	 * @param nth which matching statement fails first
	 */
	public void failFrom(String fragment, int nth) {
		this.matched.set(0);
		this.failed.set(0);
		this.failFrom = nth;
		this.fragment = normalize(fragment);
	}

	/**
	 * Makes every commit of a transaction that ran a statement containing {@code fragment} fail as
	 * when the database drops the connection during the commit: nothing of the transaction is
	 * committed (it is rolled back), and the commit throws an {@link InjectedFault} with the SQL
	 * state {@code 08006} (connection failure) caused by an {@link EOFException}, as the
	 * PostgreSQL driver reports a connection that was closed under it.
	 * @param fragment an SQL fragment, e.g. {@code insert into credyt_usage_event}
	 */
	public void failCommitsAfter(String fragment) {
		this.failed.set(0);
		this.commitFragment = normalize(fragment);
	}

	/**
	 * Runs an action on the executing thread just before each statement whose SQL contains
	 * {@code fragment} executes (until {@link #disarm()}).
	 * @param fragment an SQL fragment
	 * @param action what to run
	 */
	public void beforeExecuting(String fragment, Runnable action) {
		this.action = action;
		this.actionFragment = normalize(fragment);
	}

	/** Lets every statement and commit through again. */
	public void disarm() {
		this.fragment = null;
		this.commitFragment = null;
		this.actionFragment = null;
	}

	/**
	 * How many statements the armed fault made fail.
	 * @return the number of injected failures
	 */
	public int failures() {
		return this.failed.get();
	}

	private Object connection(Object connection) {
		// whether the transaction under way ran a statement whose commit is to fail
		AtomicBoolean doomed = new AtomicBoolean();
		return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				new Handler(connection, (result) -> result) {
					@Override
					void before(Method method, Object[] args) throws SQLException {
						if (method.getName().equals("rollback") && (args == null || args.length == 0)) {
							doomed.set(false);
						}
						if (method.getName().equals("commit") && doomed.getAndSet(false)
								&& FaultInjectingDataSource.this.commitFragment != null) {
							((Connection) connection).rollback();
							FaultInjectingDataSource.this.failed.incrementAndGet();
							throw new InjectedFault("An I/O error occurred while sending to the backend", "08006",
									new EOFException());
						}
					}

					@Override
					Object wrap(Method method, Object[] args, Object result) {
						if (result instanceof CallableStatement statement) {
							return statement(CallableStatement.class, statement, (String) args[0], doomed);
						}
						if (result instanceof PreparedStatement statement) {
							return statement(PreparedStatement.class, statement, (String) args[0], doomed);
						}
						if (result instanceof Statement statement) {
							return statement(Statement.class, statement, null, doomed);
						}
						return result;
					}
				});
	}

	private Object statement(Class<? extends Statement> type, Statement statement, String preparedSql,
			AtomicBoolean doomed) {
		List<String> batch = new ArrayList<>();
		return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
				new Handler(statement, (result) -> result) {
					@Override
					void before(Method method, Object[] args) throws SQLException {
						String name = method.getName();
						if (name.equals("addBatch") && args != null && args.length == 1 && args[0] instanceof String sql) {
							batch.add(sql);
							return;
						}
						if (name.equals("clearBatch")) {
							batch.clear();
							return;
						}
						if (!EXECUTE.contains(name)) {
							return;
						}
						List<String> executed = new ArrayList<>();
						if (preparedSql != null) {
							executed.add(preparedSql);
						}
						if (args != null && args.length > 0 && args[0] instanceof String sql) {
							executed.add(sql);
						}
						if (name.contains("Batch")) {
							executed.addAll(batch);
							batch.clear();
						}
						for (String sql : executed) {
							String commitArmed = FaultInjectingDataSource.this.commitFragment;
							if (commitArmed != null && normalize(sql).contains(commitArmed)) {
								doomed.set(true);
							}
							String actionArmed = FaultInjectingDataSource.this.actionFragment;
							if (actionArmed != null && normalize(sql).contains(actionArmed)) {
								FaultInjectingDataSource.this.action.run();
							}
							check(sql);
						}
					}
				});
	}

	private void check(String sql) throws SQLException {
		String armed = this.fragment;
		if (armed == null || !normalize(sql).contains(armed)) {
			return;
		}
		if (this.matched.incrementAndGet() >= this.failFrom) {
			this.failed.incrementAndGet();
			throw new InjectedFault(sql);
		}
	}

	private static String normalize(String sql) {
		return sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
	}

	/** The failure a test injected; its presence in a cause chain proves which fault fired. */
	public static final class InjectedFault extends SQLException {

		private static final long serialVersionUID = 1L;

		InjectedFault(String sql) {
			super("Injected fault on: " + sql.replaceAll("\\s+", " ").trim());
		}

		InjectedFault(String reason, String sqlState, Throwable cause) {
			super("Injected fault: " + reason, sqlState, cause);
		}

	}

	private static class Handler implements InvocationHandler {

		private final Object target;

		private final java.util.function.UnaryOperator<Object> wrapConnection;

		Handler(Object target, java.util.function.UnaryOperator<Object> wrapConnection) {
			this.target = target;
			this.wrapConnection = wrapConnection;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "toString":
					return "Faulty[" + this.target + "]";
				default:
			}
			before(method, args);
			Object result;
			try {
				result = method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
			if (method.getName().equals("getConnection") && result instanceof Connection) {
				return this.wrapConnection.apply(result);
			}
			return wrap(method, args, result);
		}

		void before(Method method, Object[] args) throws SQLException {
		}

		Object wrap(Method method, Object[] args, Object result) {
			return result;
		}

	}

}
