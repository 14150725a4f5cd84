// `npm run seed`: generates the catalog into the catalog database (the same
// one `npm start` uses) unless it has one. `--seed N` picks another catalog;
// `--artists`, `--albums`, `--tracks` change its size.
import { openCatalogDatabase } from "./catalog/database.js";
import { CATALOG_SEED_DEFAULTS, seedCatalog, type CatalogSeedOptions } from "./catalog/seed.js";

function fail(message: string): never {
	process.stderr.write(`backbeat seed: ${message}\n`);
	process.exit(1);
}

const options: Record<string, number> = {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
	const name = args[i]?.replace(/^--/, "") ?? "";
	const text = args[i + 1] ?? "";
	if (!(name in CATALOG_SEED_DEFAULTS)) fail(`unknown option '${args[i]}': use --seed, --artists, --albums, --tracks`);
	const value = Number(text);
	if (!/^\d+$/.test(text) || (name !== "seed" && value < 1))
		fail(`--${name} must be a whole number${name === "seed" ? "" : " of at least 1"}, got '${text}'`);
	options[name] = value;
}
if ((options["albums"] ?? CATALOG_SEED_DEFAULTS.albums) < (options["artists"] ?? CATALOG_SEED_DEFAULTS.artists))
	fail("--albums must be at least --artists (every artist gets an album)");
if ((options["tracks"] ?? CATALOG_SEED_DEFAULTS.tracks) < (options["albums"] ?? CATALOG_SEED_DEFAULTS.albums))
	fail("--tracks must be at least --albums (every album gets a track)");

const database = openCatalogDatabase();
const started = Date.now();
try {
	const written = await seedCatalog(database, options as CatalogSeedOptions, line => process.stdout.write(`  wrote ${line}\n`));
	process.stdout.write(
		written.artists === 0
			? "The catalog has artists already: left as it is.\n"
			: `Seeded the catalog in ${((Date.now() - started) / 1000).toFixed(1)} s: ${written.artists} artists, ${written.albums} albums, ${written.tracks} tracks.\n`
	);
} catch (error) {
	fail(error instanceof Error ? error.message : String(error));
} finally {
	await database.close();
}
