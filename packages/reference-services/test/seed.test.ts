// `npm run seed`'s program (src/seed-main.ts): fills an empty catalog with the generated one, once.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import t from "tap";
import { openCatalogDatabase } from "../src/catalog/database.js";
import { generateCatalog } from "../src/catalog/seed.js";
import { useTemporaryDataDir } from "./support/data-dir.js";

const seedMain = join(import.meta.dirname, "..", "src", "seed-main.ts");

async function seed(args: string[] = []) {
	const child = spawn(process.execPath, [...process.execArgv, seedMain, ...args], { stdio: ["ignore", "pipe", "pipe"] });
	let stdout = "";
	let stderr = "";
	child.stdout.setEncoding("utf8").on("data", chunk => (stdout += chunk));
	child.stderr.setEncoding("utf8").on("data", chunk => (stderr += chunk));
	const [code] = (await once(child, "exit")) as [number | null];
	return { code, stdout, stderr };
}

t.test("seeds an empty catalog with the generated one, with progress, and leaves a seeded one alone", async t => {
	const dataDir = useTemporaryDataDir(t);
	const first = await seed();
	t.equal(first.code, 0, first.stderr);
	t.match(
		first.stdout,
		/wrote 500 artists\n {2}wrote 1500 albums\n {2}wrote 5000 tracks\nSeeded the catalog in \d+\.\d s: 500 artists, 1500 albums, 5000 tracks\.\n/
	);
	const db = openCatalogDatabase(`sqlite:${dataDir}/catalog.sqlite`);
	t.teardown(() => db.close());
	const tracks = await db.db.selectFrom("tracks").select(["id", "title"]).orderBy("id").execute();
	const generated = generateCatalog().tracks.map(track => ({ id: track.id, title: track.title }));
	t.same(
		tracks,
		generated.sort((a, b) => (a.id < b.id ? -1 : 1)),
		"the stored catalog is the generated one"
	);
	const again = await seed();
	t.equal(again.code, 0);
	t.equal(again.stdout, "The catalog has artists already: left as it is.\n");
});

t.test("bad options are one-line errors", async t => {
	useTemporaryDataDir(t);
	for (const [args, message] of [
		[["--seed", "abc"], "--seed must be a whole number, got 'abc'"],
		[["--colour", "1"], "unknown option '--colour': use --seed, --artists, --albums, --tracks"],
		[["--artists", "10", "--albums", "5", "--tracks", "50"], "--albums must be at least --artists (every artist gets an album)"]
	] as const) {
		const run = await seed([...args]);
		t.equal(run.code, 1);
		t.equal(run.stderr, `backbeat seed: ${message}\n`);
	}
});
