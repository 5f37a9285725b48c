/**
 * Passwords that people choose most often, lower-cased. Compiled from the public frequency lists
 * that leaked-password research publishes: the SecLists "Common-Credentials" top lists (built from
 * the RockYou, LinkedIn and other breaches), NordPass's yearly "most common passwords" reports and
 * the Chinese lists published after the 2011 CSDN / Tianya leaks (pinyin and 5201314-style number
 * phrases). A password equal to one of these, or one of these followed only by digits and symbols
 * ("password12", "qwerty2026!"), is the first thing a guessing attack tries, whatever its length.
 * Keep it small: it is a list of the first guesses, not a dictionary (that belongs in a breach
 * corpus check such as Have I Been Pwned's k-anonymity API, which this platform does not call).
 */
export const COMMON_PASSWORDS: readonly string[] = [
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '123123', '111111', '000000', '654321',
  '666666', '888888', '123321', '112233', '121212', '123123123', '987654321', '0987654321', '11111111', '1111111111',
  '12344321', '147258369', '159357', '147258', '123654', '5201314', '1314520', '520520', 'woaini', 'woaini1314',
  'woaiwojia', 'wodemima', 'mima', 'zhang', 'wang', 'li', 'liu', 'chen', 'aini1314', 'iloveyou',
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'passwd', 'pass1234', 'password1', 'password123', 'admin',
  'admin123', 'administrator', 'root', 'toor', 'qwerty', 'qwertyuiop', 'qwerty123', 'qwe123', 'qweasd', 'qweasdzxc',
  'asdfgh', 'asdfghjkl', 'asdf', 'asd123', 'zxcvbn', 'zxcvbnm', 'zxc123', 'azerty', '1qaz2wsx', '1q2w3e4r',
  '1q2w3e', '1q2w3e4r5t', 'q1w2e3r4', 'qazwsx', 'qazwsxedc', '1qazxsw2', 'abc123', 'abcd1234', 'abcdef', 'abcdefg',
  'abcdefgh', 'abc', 'a123456', 'a12345', 'aa123456', 'aa112233', 'qq123456', 'a1b2c3', 'a1b2c3d4', '123abc',
  'letmein', 'welcome', 'welcome1', 'monkey', 'dragon', 'master', 'sunshine', 'princess', 'football', 'baseball',
  'soccer', 'hockey', 'basketball', 'superman', 'batman', 'starwars', 'pokemon', 'naruto', 'shadow', 'michael',
  'jennifer', 'jordan', 'hunter', 'ashley', 'bailey', 'charlie', 'daniel', 'thomas', 'jessica', 'andrew',
  'trustno1', 'freedom', 'whatever', 'qwertyu', 'login', 'access', 'secret', 'mustang', 'harley', 'ranger',
  'buster', 'tigger', 'cheese', 'computer', 'internet', 'killer', 'pepper', 'ginger', 'summer', 'winter',
  'spring', 'autumn', 'flower', 'lovely', 'loveme', 'love', 'hello', 'hello123', 'hellokitty', 'angel',
  'babygirl', 'blink182', 'butterfly', 'chocolate', 'cookie', 'matrix', 'merlin', 'orange', 'banana', 'apple',
  'samsung', 'google', 'yahoo', 'facebook', 'linkedin', 'microsoft', 'windows', 'huawei', 'xiaomi', 'baidu',
  'taobao', 'tencent', 'wechat', 'changeme', 'change-me', 'default', 'guest', 'user', 'test', 'test123',
  'testing', 'demo', 'temp', 'temppass', 'system', 'server', 'oracle', 'postgres', 'mysql', 'database',
  'zaq12wsx', 'zaq1xsw2', '!qaz2wsx', '!@#$%^&*', '!@#$%^', '1234qwer', 'qwer1234', 'asdf1234', 'zxcv1234', '1234asdf',
  'iloveu', 'fuckyou', 'fuckoff', 'princess1', 'sunshine1', 'football1', 'monkey1', 'charlie1', 'aaaaaa', 'abc12345',
  'yixiang', 'bureau', 'kejiju', 'yiqi', 'shiyanshi', 'laboratory', 'research', 'science', 'university', 'daxue',
];
