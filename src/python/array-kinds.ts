// What NumPy and pandas give back: which calls, methods, attributes, subscripts and operators
// produce an ndarray, a DataFrame or a Series (and the random Generator and GroupBy objects that
// lead to them). Library behaviour as tables; bindings.ts asks with the kinds it already knows,
// so these functions never look at names or scopes themselves.
import type { ValueKind } from './bindings.js';
import type { Node } from './parser.js';
import { namedChildren, stringLiteral, unparen, type CallArguments } from './syntax.js';

export const ARRAY_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>(['ndarray', 'DataFrame', 'Series']);

export function isArrayKind(kind: ValueKind): boolean {
  return ARRAY_KINDS.has(kind);
}

type KindOf = (expr: Node) => ValueKind;

/** NumPy functions that build an array whatever they are given (array-likes, shapes, sizes). */
const NUMPY_BUILDERS = new Set([
  'array', 'asarray', 'asanyarray', 'ascontiguousarray', 'asfortranarray', 'zeros', 'ones', 'empty', 'full',
  'arange', 'linspace', 'logspace', 'geomspace', 'zeros_like', 'ones_like', 'empty_like', 'full_like',
  'concatenate', 'append', 'insert', 'delete', 'stack', 'vstack', 'hstack', 'dstack', 'column_stack', 'row_stack',
  'cumsum', 'cumprod', 'diff', 'ediff1d', 'convolve', 'correlate', 'sort', 'argsort', 'tile', 'repeat', 'reshape',
  'ravel', 'transpose', 'flip', 'fliplr', 'flipud', 'roll', 'rot90', 'squeeze', 'expand_dims', 'atleast_1d',
  'atleast_2d', 'atleast_3d', 'broadcast_to', 'diag', 'diagonal', 'tril', 'triu', 'eye', 'identity', 'fromiter',
  'frombuffer', 'fromfunction', 'fromstring', 'loadtxt', 'genfromtxt', 'copy', 'select', 'piecewise', 'interp',
  'searchsorted', 'digitize', 'bincount', 'isin', 'in1d', 'setdiff1d', 'intersect1d', 'union1d', 'argwhere',
  'flatnonzero', 'outer', 'kron', 'cross', 'vander', 'tri', 'indices', 'histogram_bin_edges', 'polyfit',
  'cumulative_sum', 'cumulative_prod', 'nan_to_num', 'take', 'choose', 'compress', 'pad', 'trim_zeros',
  'random.permutation', 'linalg.inv', 'linalg.pinv', 'linalg.solve', 'linalg.cholesky', 'fft.fft', 'fft.ifft',
  'fft.rfft', 'fft.irfft', 'fft.fft2', 'fft.fftfreq', 'fft.rfftfreq',
]);

/** Element-wise NumPy functions: an array for array arguments, a NumPy scalar for scalars. */
const NUMPY_ELEMENTWISE = new Set([
  'sqrt', 'cbrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'abs', 'absolute', 'fabs', 'sign',
  'square', 'power', 'float_power', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'arctan2', 'sinh', 'cosh',
  'tanh', 'arcsinh', 'arccosh', 'arctanh', 'hypot', 'deg2rad', 'rad2deg', 'degrees', 'radians', 'floor', 'ceil',
  'trunc', 'rint', 'around', 'round', 'clip', 'maximum', 'minimum', 'fmax', 'fmin', 'add', 'subtract', 'multiply',
  'divide', 'true_divide', 'floor_divide', 'mod', 'remainder', 'fmod', 'negative', 'positive', 'reciprocal',
  'isnan', 'isinf', 'isfinite', 'logical_and', 'logical_or', 'logical_not', 'logical_xor', 'greater', 'less',
  'equal', 'not_equal', 'greater_equal', 'less_equal', 'real', 'imag', 'conj', 'conjugate', 'angle', 'heaviside',
  'where', 'dot', 'matmul', 'polyval',
]);

/** NumPy functions that return a tuple of arrays. */
const NUMPY_TUPLES = new Set(['nonzero', 'histogram', 'histogram2d', 'divmod', 'modf', 'frexp', 'unravel_index', 'linalg.eig', 'linalg.eigh', 'linalg.svd', 'linalg.qr']);

/**
 * Random sampling functions and methods (module `numpy.random`, `Generator`, `RandomState`):
 * where their `size` argument sits among the positionals. Without a size they return one scalar.
 */
const SAMPLERS: Record<string, { size: number; scalar: ValueKind }> = {
  normal: { size: 2, scalar: 'float' }, uniform: { size: 2, scalar: 'float' }, lognormal: { size: 2, scalar: 'float' },
  laplace: { size: 2, scalar: 'float' }, logistic: { size: 2, scalar: 'float' }, gumbel: { size: 2, scalar: 'float' },
  beta: { size: 2, scalar: 'float' }, gamma: { size: 2, scalar: 'float' }, wald: { size: 2, scalar: 'float' },
  f: { size: 2, scalar: 'float' }, vonmises: { size: 2, scalar: 'float' }, triangular: { size: 3, scalar: 'float' },
  exponential: { size: 1, scalar: 'float' }, standard_t: { size: 1, scalar: 'float' }, chisquare: { size: 1, scalar: 'float' },
  rayleigh: { size: 1, scalar: 'float' }, pareto: { size: 1, scalar: 'float' }, weibull: { size: 1, scalar: 'float' },
  power: { size: 1, scalar: 'float' }, standard_gamma: { size: 1, scalar: 'float' },
  random: { size: 0, scalar: 'float' }, random_sample: { size: 0, scalar: 'float' }, ranf: { size: 0, scalar: 'float' },
  sample: { size: 0, scalar: 'float' }, standard_normal: { size: 0, scalar: 'float' },
  standard_exponential: { size: 0, scalar: 'float' }, standard_cauchy: { size: 0, scalar: 'float' },
  randint: { size: 2, scalar: 'int' }, integers: { size: 2, scalar: 'int' }, binomial: { size: 2, scalar: 'int' },
  negative_binomial: { size: 2, scalar: 'int' }, hypergeometric: { size: 3, scalar: 'int' },
  poisson: { size: 1, scalar: 'int' }, geometric: { size: 1, scalar: 'int' }, zipf: { size: 1, scalar: 'int' },
  choice: { size: 1, scalar: 'unknown' },
};

/** Calls that return a random generator object whose sampling methods follow SAMPLERS. */
const GENERATOR_MAKERS = new Set([
  'numpy.random.default_rng', 'numpy.random.RandomState', 'numpy.random.Generator',
  'sklearn.utils.check_random_state', 'sklearn.utils.validation.check_random_state',
]);

/** Reductions: an array along an axis, one scalar over the whole array. */
const REDUCTIONS = new Set(['sum', 'mean', 'std', 'var', 'min', 'max', 'prod', 'median', 'average', 'any', 'all', 'argmin', 'argmax', 'nansum', 'nanmean', 'nanmin', 'nanmax', 'ptp', 'percentile', 'quantile']);

const NDARRAY_METHODS = new Set([
  'reshape', 'astype', 'copy', 'ravel', 'flatten', 'transpose', 'clip', 'round', 'cumsum', 'cumprod', 'squeeze',
  'view', 'repeat', 'take', 'compress', 'swapaxes', 'conj', 'conjugate', 'argsort', 'byteswap', 'newbyteorder',
]);

const SERIES_METHODS = new Set([
  'astype', 'fillna', 'map', 'apply', 'abs', 'round', 'clip', 'shift', 'diff', 'cumsum', 'cumprod', 'cummax', 'cummin',
  'rank', 'sort_values', 'sort_index', 'isna', 'isnull', 'notna', 'notnull', 'where', 'mask', 'replace', 'copy',
  'dropna', 'head', 'tail', 'pct_change', 'between', 'isin', 'drop_duplicates', 'sample', 'nlargest', 'nsmallest',
  'interpolate', 'ffill', 'bfill', 'combine_first', 'add', 'sub', 'mul', 'div', 'truediv', 'pow', 'value_counts',
  'reindex', 'rename', 'explode',
]);

const DATAFRAME_METHODS = new Set([
  'copy', 'dropna', 'fillna', 'sort_values', 'sort_index', 'reset_index', 'set_index', 'merge', 'join', 'head', 'tail',
  'query', 'assign', 'drop', 'drop_duplicates', 'rename', 'astype', 'abs', 'round', 'clip', 'sample', 'nlargest',
  'nsmallest', 'isna', 'isnull', 'notna', 'notnull', 'where', 'mask', 'replace', 'pivot', 'pivot_table', 'melt',
  'transpose', 'ffill', 'bfill', 'interpolate', 'shift', 'diff', 'cumsum', 'pct_change', 'filter', 'select_dtypes',
  'reindex', 'explode', 'add', 'sub', 'mul', 'div', 'truediv', 'describe', 'corr', 'cov', 'append', '_append',
]);

/** pandas readers that do not return one DataFrame: a list of frames, any object, a store's object. */
const NOT_FRAME_READERS = new Set(['read_html', 'read_pickle', 'read_hdf']);

/**
 * The kind a call of a NumPy or pandas function (or a random generator's maker) returns, by its
 * qualified name; undefined when the name is none of theirs or the result cannot be told.
 */
export function libraryCallKind(qualified: string, args: CallArguments, kindOf: KindOf): ValueKind | undefined {
  if (GENERATOR_MAKERS.has(qualified)) return 'Generator';
  if (qualified.startsWith('numpy.')) return numpyCallKind(qualified.slice('numpy.'.length), args, kindOf);
  if (qualified.startsWith('pandas.')) return pandasCallKind(qualified.slice('pandas.'.length), args, kindOf);
  return undefined;
}

function numpyCallKind(name: string, args: CallArguments, kindOf: KindOf): ValueKind | undefined {
  if (name === 'where' && args.positional.length === 1) return 'tuple';
  if (name === 'unique') return [...args.keywords.keys()].some((k) => k.startsWith('return_')) ? 'tuple' : 'ndarray';
  if (NUMPY_BUILDERS.has(name)) return 'ndarray';
  if (NUMPY_TUPLES.has(name)) return 'tuple';
  if (name === 'random.rand' || name === 'random.randn') return args.positional.length > 0 ? 'ndarray' : 'float';
  if (name.startsWith('random.')) {
    const sampler = SAMPLERS[name.slice('random.'.length)];
    if (sampler) return sampledKind(sampler, args, kindOf);
  }
  if (NUMPY_ELEMENTWISE.has(name)) return elementwiseKind(args, kindOf);
  if (REDUCTIONS.has(name)) return args.keywords.has('axis') || args.positional.length > 1 ? elementwiseKind(args, kindOf) : undefined;
  return undefined;
}

/** An element-wise function gives the array kind of its arguments (pandas kinds win), a scalar for scalars. */
function elementwiseKind(args: CallArguments, kindOf: KindOf): ValueKind | undefined {
  const kinds = [...args.positional, ...args.keywords.values()].map(kindOf);
  if (kinds.includes('DataFrame')) return 'DataFrame';
  if (kinds.includes('Series')) return 'Series';
  if (kinds.some((k) => k === 'ndarray' || k === 'list' || k === 'tuple' || k === 'range')) return 'ndarray';
  if (kinds.length > 0 && kinds.every((k) => k === 'int' || k === 'float' || k === 'bool')) return 'float';
  return undefined;
}

function sampledKind(sampler: { size: number; scalar: ValueKind }, args: CallArguments, kindOf: KindOf): ValueKind | undefined {
  if (args.starred) return undefined;
  const size = args.keywords.get('size') ?? args.positional[sampler.size];
  if (size) return unparen(size).type === 'none' ? sampler.scalar : 'ndarray';
  // `rng.normal(mu, 1.0)` with an array of means broadcasts to an array
  const params = [...args.positional, ...args.keywords.values()].map(kindOf);
  if (params.some((k) => k === 'ndarray' || k === 'list' || k === 'tuple')) return 'ndarray';
  if (params.some((k) => k === 'unknown')) return undefined;
  return sampler.scalar === 'unknown' ? undefined : sampler.scalar;
}

function pandasCallKind(name: string, args: CallArguments, kindOf: KindOf): ValueKind | undefined {
  if (name.startsWith('read_') && !NOT_FRAME_READERS.has(name)) {
    // a chunked reader is an iterator of frames
    if (args.keywords.has('chunksize') || args.keywords.has('iterator')) return undefined;
    if (name === 'read_excel' && args.keywords.has('sheet_name')) return undefined;
    if (name === 'read_json' && args.keywords.has('typ')) return stringLiteral(args.keywords.get('typ')!) === 'series' ? 'Series' : undefined;
    return 'DataFrame';
  }
  switch (name) {
    case 'DataFrame':
    case 'DataFrame.from_records':
    case 'DataFrame.from_dict':
    case 'merge':
    case 'merge_asof':
    case 'pivot_table':
    case 'crosstab':
    case 'get_dummies':
    case 'melt':
    case 'json_normalize':
      return 'DataFrame';
    case 'Series':
      return 'Series';
    case 'concat':
      return concatKind(args, kindOf);
    default:
      return undefined;
  }
}

/** `pd.concat([s1, s2])` of Series along the index is a Series; anything else with frames is a DataFrame. */
function concatKind(args: CallArguments, kindOf: KindOf): ValueKind {
  const first = args.positional[0] ?? args.keywords.get('objs');
  const items = first && (unparen(first).type === 'list' || unparen(first).type === 'tuple') ? namedChildren(unparen(first)) : [];
  const alongIndex = !args.keywords.has('axis');
  if (alongIndex && items.length > 0 && items.every((i) => kindOf(i) === 'Series')) return 'Series';
  return 'DataFrame';
}

/** What `receiver.method(...)` returns for a receiver of a known library kind. */
export function libraryMethodKind(receiver: ValueKind, method: string, args: CallArguments, kindOf: KindOf): ValueKind | undefined {
  switch (receiver) {
    case 'Generator': {
      if (method === 'permutation') return 'ndarray';
      const sampler = SAMPLERS[method];
      return sampler ? sampledKind(sampler, args, kindOf) : undefined;
    }
    case 'ndarray':
      if (NDARRAY_METHODS.has(method)) return 'ndarray';
      if (method === 'nonzero') return 'tuple';
      if (REDUCTIONS.has(method) && (args.keywords.has('axis') || args.positional.length > 0)) return 'ndarray';
      return undefined;
    case 'Series':
      if (SERIES_METHODS.has(method)) return 'Series';
      if (method === 'unique') return 'ndarray';
      if (method === 'iteritems' || method === 'items') return 'generator';
      return undefined;
    case 'DataFrame':
      if (DATAFRAME_METHODS.has(method)) return 'DataFrame';
      if (method === 'groupby') return 'GroupBy';
      if (method === 'iterrows' || method === 'itertuples' || method === 'items') return 'generator';
      return undefined;
    default:
      return undefined;
  }
}

/** What `object.attr` is for an object of a known library kind. */
export function libraryAttributeKind(object: ValueKind, attr: string): ValueKind | undefined {
  if (!isArrayKind(object)) return undefined;
  if (attr === 'shape') return 'tuple';
  if (attr === 'size' || attr === 'ndim') return 'int';
  if (object === 'ndarray') return attr === 'T' || attr === 'real' || attr === 'imag' || attr === 'flat' ? 'ndarray' : undefined;
  if (attr === 'values') return 'ndarray';
  if (object === 'DataFrame' && attr === 'T') return 'DataFrame';
  return undefined;
}

/**
 * What `value[index]` is for a library kind: a column of a frame (`df["price"]`), a filtered
 * frame (`df[df["x"] > 0]`), a slice or a masked selection of an array. A single element or row
 * (`a[i]`) stays unknown: it is a scalar for a 1-D array and an array for a 2-D one.
 */
export function librarySubscriptKind(value: ValueKind, indexes: Node[], kindOf: KindOf): ValueKind | undefined {
  // `a[i, j]` parses as several subscripts; `a[(i, j)]` as one tuple
  // `df.groupby(k)["v"]`: the grouped column
  if (value === 'GroupBy') return 'GroupBy';
  const idx = indexes.length === 1 ? unparen(indexes[0]) : undefined;
  if (!idx) {
    return value === 'ndarray' && indexes.some((p) => p.type === 'slice' || p.type === 'ellipsis' || p.type === 'none') ? 'ndarray' : undefined;
  }
  if (value === 'DataFrame') {
    if (idx.type === 'slice') return 'DataFrame';
    const kind = idx.type === 'string' ? 'str' : kindOf(idx);
    if (kind === 'str') return 'Series';
    if (kind === 'list' || kind === 'Series' || kind === 'ndarray') return 'DataFrame';
    return undefined;
  }
  if (value === 'Series') {
    if (idx.type === 'slice') return 'Series';
    const kind = kindOf(idx);
    return kind === 'Series' || kind === 'ndarray' || kind === 'list' ? 'Series' : undefined;
  }
  if (value === 'ndarray') {
    if (idx.type === 'slice') return 'ndarray';
    // `a[:, j]`, `a[i, ...]`, `a[None, :]`: a slice, an ellipsis or a new axis keeps an array
    if (idx.type === 'tuple' || idx.type === 'expression_list') {
      return namedChildren(idx).some((p) => p.type === 'slice' || p.type === 'ellipsis' || p.type === 'none') ? 'ndarray' : undefined;
    }
    const kind = kindOf(idx);
    return kind === 'ndarray' || kind === 'list' ? 'ndarray' : undefined;
  }
  return undefined;
}

/**
 * The kind of an arithmetic, bitwise or comparison operator with an array operand: pandas kinds
 * win over NumPy ones (`series * array` is a Series), a frame over a column.
 */
export function arrayOperatorKind(left: ValueKind, right: ValueKind): ValueKind | undefined {
  if (left === 'DataFrame' || right === 'DataFrame') return 'DataFrame';
  if (left === 'Series' || right === 'Series') return 'Series';
  if (left === 'ndarray' || right === 'ndarray') return 'ndarray';
  return undefined;
}
