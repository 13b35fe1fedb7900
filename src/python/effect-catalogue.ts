// What well-known callables do to the world outside their arguments: the table purity.ts reads.
// Qualified names are matched after imports are resolved (`from time import time` -> `time.time`).

export type EffectKind =
  | 'global-read' // reads module state that changes while the program runs
  | 'global-write' // rebinds or mutates module state
  | 'argument-write' // changes an object the caller passed (attributes, items, in-place methods)
  | 'io' // files, the terminal, standard streams
  | 'log' // the logging module
  | 'clock' // the time of day, timers, sleeping
  | 'random' // random numbers, fresh identifiers
  | 'environment' // environment variables, argv, the working directory, the user, the host
  | 'network' // sockets, HTTP clients, mail
  | 'database' // database drivers and ORMs
  | 'process'; // other programs, signals, exiting

/** Qualified-name prefixes (a whole module, or one callable) and what calling them does. */
const BY_PREFIX: [string, EffectKind][] = [
  ['time.time', 'clock'], ['time.time_ns', 'clock'], ['time.monotonic', 'clock'], ['time.monotonic_ns', 'clock'],
  ['time.perf_counter', 'clock'], ['time.perf_counter_ns', 'clock'], ['time.process_time', 'clock'],
  ['time.thread_time', 'clock'], ['time.localtime', 'clock'], ['time.gmtime', 'clock'], ['time.ctime', 'clock'],
  ['time.asctime', 'clock'], ['time.strftime', 'clock'], ['time.sleep', 'clock'],
  ['datetime.datetime.now', 'clock'], ['datetime.datetime.utcnow', 'clock'], ['datetime.datetime.today', 'clock'],
  ['datetime.date.today', 'clock'], ['asyncio.sleep', 'clock'],
  ['random', 'random'], ['secrets', 'random'], ['uuid.uuid1', 'random'], ['uuid.uuid4', 'random'],
  ['os.urandom', 'random'], ['numpy.random', 'random'],
  ['os.getenv', 'environment'], ['os.putenv', 'environment'], ['os.unsetenv', 'environment'],
  ['os.getcwd', 'environment'], ['os.chdir', 'environment'], ['os.getpid', 'environment'],
  ['os.getlogin', 'environment'], ['getpass', 'environment'], ['platform', 'environment'],
  ['socket.gethostname', 'environment'], ['locale.getlocale', 'environment'], ['locale.setlocale', 'environment'],
  ['open', 'io'], ['print', 'io'], ['input', 'io'], ['io.open', 'io'], ['builtins.open', 'io'],
  ['os.listdir', 'io'], ['os.scandir', 'io'], ['os.walk', 'io'], ['os.stat', 'io'], ['os.lstat', 'io'],
  ['os.remove', 'io'], ['os.unlink', 'io'], ['os.rename', 'io'], ['os.replace', 'io'], ['os.mkdir', 'io'],
  ['os.makedirs', 'io'], ['os.rmdir', 'io'], ['os.open', 'io'], ['os.read', 'io'], ['os.write', 'io'],
  ['os.path.exists', 'io'], ['os.path.isfile', 'io'], ['os.path.isdir', 'io'], ['os.path.getsize', 'io'],
  ['os.path.getmtime', 'io'], ['os.path.islink', 'io'], ['os.path.realpath', 'io'], ['os.path.abspath', 'environment'],
  ['os.path.expanduser', 'environment'], ['os.path.expandvars', 'environment'],
  ['shutil', 'io'], ['glob', 'io'], ['tempfile', 'io'], ['fileinput', 'io'], ['csv.reader', 'io'], ['csv.writer', 'io'],
  ['csv.DictReader', 'io'], ['csv.DictWriter', 'io'], ['json.load', 'io'], ['json.dump', 'io'], ['pickle.load', 'io'],
  ['pickle.dump', 'io'], ['shelve', 'io'], ['gzip.open', 'io'], ['bz2.open', 'io'], ['lzma.open', 'io'],
  ['zipfile', 'io'], ['tarfile', 'io'], ['mmap', 'io'], ['sys.stdout', 'io'], ['sys.stderr', 'io'], ['sys.stdin', 'io'],
  ['pathlib.Path.cwd', 'environment'], ['pathlib.Path.home', 'environment'],
  ['numpy.load', 'io'], ['numpy.save', 'io'], ['numpy.savez', 'io'], ['numpy.loadtxt', 'io'], ['numpy.savetxt', 'io'],
  ['numpy.genfromtxt', 'io'], ['numpy.fromfile', 'io'], ['pandas.read_', 'io'],
  ['logging', 'log'], ['warnings.warn', 'log'],
  ['socket', 'network'], ['ssl', 'network'], ['requests', 'network'], ['httpx', 'network'], ['aiohttp', 'network'],
  ['urllib.request', 'network'], ['urllib3', 'network'], ['http.client', 'network'], ['smtplib', 'network'],
  ['ftplib', 'network'], ['xmlrpc.client', 'network'], ['boto3', 'network'], ['grpc', 'network'],
  ['sqlite3', 'database'], ['psycopg2', 'database'], ['psycopg', 'database'], ['pymysql', 'database'],
  ['MySQLdb', 'database'], ['mysql.connector', 'database'], ['sqlalchemy.create_engine', 'database'],
  ['pymongo', 'database'], ['redis', 'database'], ['asyncpg', 'database'], ['cx_Oracle', 'database'],
  ['oracledb', 'database'], ['duckdb', 'database'], ['pandas.read_sql', 'database'],
  ['subprocess', 'process'], ['os.system', 'process'], ['os.popen', 'process'], ['os.kill', 'process'],
  ['os.fork', 'process'], ['os._exit', 'process'], ['sys.exit', 'process'], ['exit', 'process'], ['quit', 'process'],
  ['signal', 'process'], ['multiprocessing', 'process'],
];

/** Attributes whose mere reading observes the environment (`os.environ["HOME"]`, `sys.argv`). */
const READ_ATTRIBUTES: Record<string, EffectKind> = {
  'os.environ': 'environment',
  'os.environb': 'environment',
  'sys.argv': 'environment',
  'sys.stdin': 'io',
  'sys.stdout': 'io',
  'sys.stderr': 'io',
};

/** Methods that talk to a database whatever the receiver is called: the DB-API and the usual ORMs. */
export const DATABASE_METHODS = new Set(['execute', 'executemany', 'executescript', 'fetchone', 'fetchall', 'fetchmany', 'commit', 'rollback']);
/** Methods of files and paths that read or write them. */
export const FILE_METHODS = new Set(['read_text', 'write_text', 'read_bytes', 'write_bytes', 'readline', 'readlines', 'writelines', 'iterdir', 'unlink', 'mkdir', 'touch', 'rmdir']);

/** The effect of calling the qualified name, or undefined when the table does not know it. */
export function effectOfCall(qualified: string): EffectKind | undefined {
  for (const [prefix, kind] of BY_PREFIX) {
    if (qualified === prefix || qualified.startsWith(`${prefix}.`)) return kind;
    // `pandas.read_` covers read_csv, read_json ...
    if (prefix.endsWith('_') && qualified.startsWith(prefix)) return kind;
  }
  return undefined;
}

/** The effect of reading the qualified attribute (`os.environ`), or undefined. */
export function effectOfRead(qualified: string): EffectKind | undefined {
  for (const [name, kind] of Object.entries(READ_ATTRIBUTES)) {
    if (qualified === name || qualified.startsWith(`${name}.`)) return kind;
  }
  return undefined;
}

/** Builtins that compute from their arguments only (exceptions are built by name, see below). */
const PURE_BUILTINS = new Set([
  'abs', 'all', 'any', 'ascii', 'bin', 'bool', 'bytearray', 'bytes', 'callable', 'chr', 'complex', 'dict',
  'divmod', 'enumerate', 'filter', 'float', 'format', 'frozenset', 'getattr', 'hasattr', 'hash', 'hex', 'id',
  'int', 'isinstance', 'issubclass', 'iter', 'len', 'list', 'map', 'max', 'min', 'next', 'object', 'oct', 'ord',
  'pow', 'range', 'repr', 'reversed', 'round', 'set', 'slice', 'sorted', 'str', 'sum', 'tuple', 'type', 'zip',
  'memoryview', 'super', 'NotImplemented',
]);

/** Modules (or callables) whose functions compute from their arguments only. */
const PURE_PREFIXES = [
  'math', 'cmath', 'operator', 'itertools', 'functools.reduce', 'functools.partial', 'statistics', 'decimal',
  'fractions', 'bisect.bisect', 'bisect.bisect_left', 'bisect.bisect_right', 'heapq.nsmallest', 'heapq.nlargest',
  'heapq.merge', 're', 'string', 'json.loads', 'json.dumps', 'collections', 'copy', 'struct', 'hashlib', 'hmac',
  'base64', 'binascii', 'textwrap', 'unicodedata', 'dataclasses.replace', 'dataclasses.asdict',
  'dataclasses.astuple', 'typing', 'zlib', 'enum', 'datetime.timedelta', 'datetime.date', 'datetime.datetime',
  'datetime.time', 'ipaddress', 'urllib.parse', 'html.escape', 'html.unescape', 'difflib', 'colorsys',
  'numpy', 'array.array', 'types.MappingProxyType', 'types.SimpleNamespace', 'keyword.iskeyword',
];

/** True when calling the qualified name is known to compute from its arguments only. */
export function isPureCall(qualified: string): boolean {
  if (!qualified.includes('.')) return PURE_BUILTINS.has(qualified) || /(?:Error|Exception|Warning)$/.test(qualified);
  const name = qualified.startsWith('builtins.') ? qualified.slice('builtins.'.length) : undefined;
  if (name !== undefined) return PURE_BUILTINS.has(name);
  return PURE_PREFIXES.some((p) => qualified === p || qualified.startsWith(`${p}.`));
}

/** Methods that read a str, bytes, tuple, list, dict or set and build a new value. */
export const READING_METHODS = new Set([
  // str and bytes
  'capitalize', 'casefold', 'center', 'count', 'decode', 'encode', 'endswith', 'expandtabs', 'find', 'format',
  'format_map', 'index', 'isalnum', 'isalpha', 'isascii', 'isdecimal', 'isdigit', 'isidentifier', 'islower',
  'isnumeric', 'isprintable', 'isspace', 'istitle', 'isupper', 'join', 'ljust', 'lower', 'lstrip', 'partition',
  'removeprefix', 'removesuffix', 'replace', 'rfind', 'rindex', 'rjust', 'rpartition', 'rsplit', 'rstrip',
  'split', 'splitlines', 'startswith', 'strip', 'swapcase', 'title', 'translate', 'upper', 'zfill', 'hex',
  // dict, set, list, tuple
  'get', 'keys', 'values', 'items', 'copy', 'union', 'intersection', 'difference', 'symmetric_difference',
  'issubset', 'issuperset', 'isdisjoint', 'fromkeys',
  // numbers
  'bit_length', 'bit_count', 'conjugate', 'is_integer', 'as_integer_ratio',
]);

/** Of READING_METHODS, those that no common I/O client shares (`client.get(url)` is a request). */
export const STR_ONLY_METHODS = new Set([...READING_METHODS].filter((m) => !['get', 'keys', 'values', 'items', 'copy', 'count', 'index', 'find', 'format', 'join', 'hex', 'fromkeys', 'encode', 'decode', 'split', 'replace'].includes(m)));
