import { BackbeatError } from "../errors/backbeat-error.js";

/** A setting that names where it came from: an option (`transporter`) or a variable (`BACKBEAT_TRANSPORTER`). */
export interface SettingSource {
	readonly setting: string;
}

export function configError(source: SettingSource, message: string): BackbeatError {
	return new BackbeatError("CONFIG_INVALID", `${source.setting}: ${message}`, { data: { setting: source.setting } });
}
