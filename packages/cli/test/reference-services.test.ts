import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { backbeat, copyReferenceServices, repoRoot, run } from "./support/cli.js";

const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const tap = join(repoRoot, "node_modules", "tap", "dist", "esm", "run.mjs");

t.test("new service inside packages/reference-services follows its layout, compiles, and its tests pass", async t => {
	const root = copyReferenceServices(t);
	// From a subfolder, as someone working in src/ would: the package is found above it.
	const made = backbeat(join(root, "src", "catalog"), "new", "service", "podcasts", "--action", "addTrack", "--event", "trackAdded");
	t.equal(made.status, 0, made.stderr);
	t.match(
		made.stdout,
		/create src\/podcasts\/contract\.ts\ncreate src\/podcasts\/service\.ts\ncreate src\/podcasts\/store\.ts\ncreate test\/podcasts\.test\.ts\n/
	);
	t.match(readFileSync(join(root, "src/services.ts"), "utf8"), /createNotificationsService\(\),\n\t\tcreatePodcastsService\(\),\n/);
	t.match(readFileSync(join(root, "src/index.ts"), "utf8"), /export \{ createPodcastsService \} from "\.\/podcasts\/service\.js";/);
	// The hand-written catalog carries the markers too.
	const catalog = backbeat(root, "add", "action", "catalog", "topTracks", "--dry-run");
	t.equal(catalog.status, 0, catalog.stderr);
	t.match(catalog.stdout, /would edit {3}src\/catalog\/service\.ts/);

	const typecheck = await run(root, process.execPath, [tsc, "-p", "tsconfig.json"]);
	t.equal(typecheck.code, 0, typecheck.output);
	const tests = (...files: string[]) => run(root, process.execPath, [tap, "--disable-coverage", "--reporter=tap", ...files]);
	const red = await tests("test/podcasts.test.ts");
	t.not(red.code, 0, "the stubs' tests fail");
	t.match(red.output, /\n {4}ok \d+ - podcasts\.hello greets by name/);
	t.match(red.output, /\n {4}not ok \d+ - podcasts\.addTrack \(a stub/);
	t.match(red.output, /\n {4}not ok \d+ - podcasts handles trackAdded \(a stub/);
	t.match(red.output, /is not implemented yet/);

	const service = join(root, "src/podcasts/service.ts");
	writeFileSync(
		service,
		readFileSync(service, "utf8")
			.replace(/addTrack: \(\) => \{\n[^\n]*\n\t*\},/, "addTrack: ctx => ({ id: ctx.params.id }),")
			.replace(/trackAdded: \(\) => \{\n[^\n]*\n\t*\},/, "trackAdded: () => {},")
	);
	const green = await tests("test/podcasts.test.ts", "test/services.test.ts", "test/catalog.test.ts");
	t.equal(green.code, 0, green.output);
	t.notMatch(green.output, /not ok/);
	t.match(green.output, /ok \d+ - createServices lists every service/, "catalog and podcasts start together");
});

t.test(
	"new service --db inside packages/reference-services: database.ts instead of a store, tap tests of the outbox that pass",
	async t => {
		const root = copyReferenceServices(t);
		const made = backbeat(root, "new", "service", "libraries", "--db", "--event", "lent");
		t.equal(made.status, 0, made.stderr);
		t.match(
			made.stdout,
			/create src\/libraries\/contract\.ts\ncreate src\/libraries\/service\.ts\ncreate src\/libraries\/database\.ts\ncreate test\/libraries\.test\.ts\n/
		);
		t.match(made.stdout, /edit {3}package\.json \(add the database drivers better-sqlite3 and pg\)/);
		t.match(
			readFileSync(join(root, "src/index.ts"), "utf8"),
			/export \{ openLibrariesDatabase \} from "\.\/libraries\/database\.js";\nexport type \{ LibrariesDatabase, LibrariesTables \} from "\.\/libraries\/database\.js";/
		);
		const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
		t.match(
			manifest.dependencies,
			{ "better-sqlite3": "^12.0.0", pg: "^8.0.0", "moleculer-web": String },
			"the drivers join the package's own dependencies"
		);

		const typecheck = await run(root, process.execPath, [tsc, "-p", "tsconfig.json"]);
		t.equal(typecheck.code, 0, typecheck.output);
		const tests = (...files: string[]) => run(root, process.execPath, [tap, "--disable-coverage", "--reporter=tap", ...files]);
		const red = await tests("test/libraries.test.ts");
		t.not(red.code, 0, "the stub's test fails");
		t.match(
			red.output,
			/\n {4}ok \d+ - libraries\.create stores a row and publishes 'created' with it; a durable consumer receives the event/
		);
		t.match(red.output, /\n {4}ok \d+ - libraries\.get reads a stored row back/);
		t.match(red.output, /\n {4}not ok \d+ - libraries handles lent \(a stub/);

		const service = join(root, "src/libraries/service.ts");
		writeFileSync(service, readFileSync(service, "utf8").replace(/lent: \(\) => \{\n[^\n]*\n\t*\},/, "lent: () => {},"));
		const green = await tests("test/libraries.test.ts", "test/services.test.ts");
		t.equal(green.code, 0, green.output);
		t.notMatch(green.output, /not ok/);
		t.match(
			green.output,
			/ok \d+ - createServices lists every service/,
			"catalog and libraries (on its default SQLite file) start together"
		);
	}
);
