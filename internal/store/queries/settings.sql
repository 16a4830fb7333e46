-- name: Settings
SELECT key, value FROM instance_settings;

-- name: PutSetting
INSERT INTO instance_settings (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- name: Setting
SELECT value FROM instance_settings WHERE key = ?;

-- name: InitSetting
INSERT INTO instance_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING;
