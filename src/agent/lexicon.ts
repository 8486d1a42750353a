/**
 * The router's small built-in vocabulary (documented in README "Agents"). Everything else the router knows comes from
 * the installed intents themselves (names, descriptions, keywords, parameter schemas), so this table stays small:
 * - ACTION_GROUPS: cross-language verbs and nouns that mean the same thing (an utterance saying "新建" matches an intent
 *   whose keywords say "add"). Matches through a group count less than direct matches.
 * - ENUM_SYNONYMS: words that select an enum value ("urgent"/"紧急" → high). An enum property's `description` may add
 *   more with `value: word, word` pairs, e.g. "high: urgent, asap; low: later".
 * - PROPERTY_WORDS: translations of common property names, so "优先级高" is read as priority = high.
 * - FILLERS: words trimmed from the edges of a free-text parameter ("please", "my", "帮我", "一下").
 */
export const ACTION_GROUPS: readonly string[][] = [
  ['add', 'new', 'create', 'put', 'make', '添加', '新建', '创建', '加', '加个', '新增', '增加'],
  ['list', 'show', 'view', 'see', 'display', '列出', '查看', '显示', '看看', '看'],
  ['search', 'find', 'look', 'lookup', '搜索', '查找', '搜', '找', '查'],
  ['play', 'listen', 'start', '播放', '听', '放'],
  ['start', 'begin', 'launch', 'open', '开始', '启动', '开', '开启'],
  ['set', 'change', 'adjust', 'turn', '设置', '设为', '调到', '调', '设'],
  ['note', 'notes', 'memo', '笔记', '记', '备忘'],
  ['task', 'tasks', 'todo', '任务', '待办'],
  ['remind', 'reminder', 'alarm', '提醒', '闹钟'],
  ['song', 'music', 'track', '歌', '歌曲', '音乐'],
  ['volume', 'sound', 'loud', '音量', '声音'],
  ['timer', 'focus', 'pomodoro', '计时', '专注', '番茄钟'],
  ['playlist', '歌单', '播放列表'],
];

/** Enum value → words that select it, English and Chinese. Keys are lower-case enum values. */
export const ENUM_SYNONYMS: Readonly<Record<string, string[]>> = {
  high: ['high', 'urgent', 'urgently', 'important', 'asap', 'critical', '高', '紧急', '重要', '急', '很急'],
  normal: ['normal', 'medium', 'regular', '普通', '一般', '中'],
  low: ['low', 'later', 'whenever', 'unimportant', '低', '不急', '不重要'],
  all: ['all', 'every', 'everything', '全部', '所有'],
  open: ['open', 'pending', 'unfinished', 'incomplete', 'remaining', 'outstanding', '未完成', '没完成', '待完成', '没做完', '未做'],
  done: ['done', 'completed', 'complete', 'finished', '已完成', '完成了', '做完的', '完成的', '已做完'],
  on: ['on', 'enable', '开', '打开', '开启'],
  off: ['off', 'disable', '关', '关闭'],
  true: ['yes', 'true', '是'],
  false: ['no', 'false', '否'],
};

/** Property name → words naming it (so they are not mistaken for free text). */
export const PROPERTY_WORDS: Readonly<Record<string, string[]>> = {
  priority: ['priority', '优先级', '优先'],
  filter: ['filter', '筛选'],
  level: ['level', '级别'],
  minutes: ['minutes', 'minute', 'mins', 'min', '分钟'],
  volume: ['volume', '音量'],
  playlist: ['playlist', '歌单'],
  song: ['song', '歌', '歌曲'],
  query: [],
};

/** Words trimmed from the edges of free-text parameters. Lower-case. */
export const FILLERS_EN = new Set([
  'a', 'an', 'the', 'some', 'please', 'me', 'my', 'i', 'to', 'for', 'about', 'with', 'of', 'on', 'in', 'into', 'at', 'and',
  'that', 'called', 'named', 'titled', 'saying', 'new', 'up', 'down', 'by', 'from', 'now', 'our', 'your', 'can', 'could',
  'would', 'you', 'want', 'wanna', 'like', "i'd", "let's", 'just', 'what', "what's", 'which', 'how', "how's",
]);

export const FILLERS_ZH = [
  '帮我', '给我', '请', '我想', '我要', '想', '要', '我的', '我', '一下', '一个', '一首', '个', '首', '条', '的', '把', '吧', '呢',
  '了', '里的', '里', '中的', '中', '关于', '在', '还有', '哪些', '有', '什么', '一些', '些', '怎么样', '怎么', '如何', '吗',
];

/** Words joining two free-text parameters ("add X to Y", "把X加到Y"), longest first. */
export const CONNECTORS_EN = new Set(['to', 'into', 'onto', 'in', 'on']);
export const CONNECTORS_ZH = ['添加到', '加入到', '加入', '加到', '放到', '放进', '存到', '到', '进'];

/** English stopwords: never scored. */
export const STOPWORDS_EN = new Set([
  'a', 'an', 'the', 'to', 'for', 'of', 'on', 'in', 'at', 'by', 'with', 'and', 'or', 'my', 'me', 'i', 'is', 'are', 'it', 'its',
  'please', 'can', 'you', 'could', 'would', 'that', 'this', 'from', 'what', "what's", 'whats', 'which', 'some', 'be', 'do',
  'one', 'number', 'optional', 'optionally', 'only', 'given', 'just', 'your', 'our', 'there', 'about', 'up', 's', 'between',
  'whether', 'word', 'phrase', 'text', 'name', 'named',
]);

/** Chinese words scored as stopwords (function words). */
export const STOPWORDS_ZH = new Set(['的', '我', '把', '了', '吧', '呢', '一个', '一下', '帮我', '给我', '请', '个', '在', '中', '里', '有', '一']);
